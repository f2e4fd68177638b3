-- v_keywords: one row per top keyword of a document, ranked by TF-IDF weight
with

keywords as (
    select * from fact_keyword
)

select
    document_id,
    term,
    weight,
    rank,
    char_start,
    char_end,
from keywords
