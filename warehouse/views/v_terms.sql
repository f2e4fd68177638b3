-- v_terms: one row per term and part of speech per document
with

terms as (
    select * from fact_term
),

per_document as (
    select
        document_id,
        term,
        pos,
        sum(occurrences)::integer as occurrences,
        min(char_start) as first_char_start,
    from terms
    group by document_id, term, pos
)

select * from per_document
