-- v_term_trends: one row per term, issuer and report year, over the current version of each document
with

terms as (
    select * from fact_term
),

documents as (
    select * from v_documents where is_current
),

text_size as (
    select issuer, admin_level, report_year, sum(char_count) as char_count,
    from documents
    group by issuer, admin_level, report_year
),

-- one row per document and term first: the count of documents is then a plain count, which
-- costs half of a count(distinct) over every section's row
per_document as (
    select document_id, term, sum(occurrences) as occurrences,
    from terms
    group by document_id, term
),

counted as (
    select
        per_document.term,
        documents.issuer,
        documents.admin_level,
        documents.report_year,
        count(*) as documents,
        sum(per_document.occurrences) as occurrences,
    from per_document
    join documents on documents.document_id = per_document.document_id
    group by per_document.term, documents.issuer, documents.admin_level, documents.report_year
),

normalised as (
    select
        counted.*,
        -- occurrences per 10,000 characters of all that issuer's reports of that year
        round(counted.occurrences * 10000.0 / text_size.char_count, 3) as per_10k_chars,
    from counted
    join text_size
        on text_size.issuer is not distinct from counted.issuer
        and text_size.admin_level is not distinct from counted.admin_level
        and text_size.report_year is not distinct from counted.report_year
)

select * from normalised
