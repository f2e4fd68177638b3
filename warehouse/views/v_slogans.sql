-- v_slogans: one row per quoted slogan per document
with

slogans as (
    select * from fact_slogan
),

per_document as (
    select
        document_id,
        slogan,
        count(*)::integer as occurrences,
        min(char_start) as first_char_start,
        arg_min(slogan_kind, char_start) as slogan_kind,
        bool_and(in_appendix) as in_appendix,
    from slogans
    group by document_id, slogan
)

select * from per_document
