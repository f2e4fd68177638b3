-- v_cited_documents: one row per document title cited in 《》 per report
with

citations as (
    select * from fact_citation
),

per_document as (
    select
        document_id,
        cited_title,
        count(*)::integer as occurrences,
        min(char_start) as first_char_start,
        any_value(citation_kind) as citation_kind,
        bool_and(in_appendix) as in_appendix,
    from citations
    group by document_id, cited_title
)

select * from per_document
