-- v_slogan_trends: one row per quoted slogan and report year, over the current version of each document
with

slogans as (
    -- slogans only: a quoted single character, number, quotation or glossary key has no trend
    select * from fact_slogan where slogan_kind = 'slogan'
),

documents as (
    select * from v_documents where is_current
),

per_year as (
    select
        slogans.slogan,
        documents.report_year,
        count(distinct slogans.document_id) as documents,
        count(*) as occurrences,
    from slogans
    join documents on documents.document_id = slogans.document_id
    group by slogans.slogan, documents.report_year
),

first_seen as (
    select slogan, min(report_year) as first_seen_year
    from per_year
    group by slogan
)

select
    per_year.slogan,
    per_year.report_year,
    per_year.documents,
    per_year.occurrences,
    first_seen.first_seen_year,
from per_year
join first_seen on first_seen.slogan = per_year.slogan
