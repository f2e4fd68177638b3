-- v_quarantine: one row per file moved to quarantine, with the reason and what to do
with

quarantined as (
    select * from fact_quarantine
)

select
    run_id,
    quarantined_at,
    file_name,
    sha256,
    quarantine_path,
    reason,
from quarantined
