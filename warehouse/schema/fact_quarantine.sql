-- fact_quarantine: one row per file in quarantine/ (file name and bytes), with its latest reason
create table if not exists fact_quarantine (
    run_id varchar not null,
    quarantined_at timestamp not null,
    file_name varchar not null,
    sha256 varchar,
    quarantine_path varchar not null,
    reason varchar not null
);
