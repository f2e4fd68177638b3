-- v_ingest_runs: one row per ingest run
with

runs as (
    select * from fact_ingest_run
)

select
    run_id,
    flow_run_id,
    started_at,
    finished_at,
    files_seen,
    files_loaded,
    files_skipped,
    files_quarantined,
    rows_added,
    status,
    message,
from runs
