-- fact_ingest_run: one row per ingest run (one Prefect flow run over the inbox)
create table if not exists fact_ingest_run (
    run_id varchar primary key,
    flow_run_id varchar,
    started_at timestamp not null,
    finished_at timestamp,
    files_seen integer not null,
    files_loaded integer not null,
    files_skipped integer not null,       -- same bytes already loaded
    files_quarantined integer not null,
    rows_added varchar,                   -- JSON object: table -> rows
    status varchar not null,              -- succeeded / quarantined / dq_failed / failed
    message varchar
);
