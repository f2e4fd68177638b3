-- fact_dq_result: one row per Great Expectations expectation evaluated in an ingest run
create table if not exists fact_dq_result (
    run_id varchar not null,
    checked_at timestamp not null,
    suite varchar not null,               -- named after the published view it checks
    expectation varchar not null,         -- e.g. expect_column_values_to_be_unique
    column_name varchar,
    is_critical boolean not null,         -- a critical failure keeps the batch out of the warehouse
    success boolean not null,
    element_count bigint,
    unexpected_count bigint,
    observed_value varchar                -- JSON
);
