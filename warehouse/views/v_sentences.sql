-- v_sentences: one row per sentence of a document, with its section and its report; what search_sentences ranks
with

sentences as (
    select * from fact_sentence
),

sections as (
    select section_id, path from dim_section
),

documents as (
    select document_id, issuer, place, report_year, report_type, is_current from v_documents
)

select
    -- ids
    sentences.document_id,
    sentences.sentence_id,
    sentences.section_id,
    sentences.ordinal,
    -- the sentence
    sentences.text,
    sentences.in_appendix,
    sections.path as section_path,
    -- the report
    documents.issuer,
    documents.place,
    documents.report_year,
    documents.report_type,
    documents.is_current,
    -- offsets
    sentences.char_start,
    sentences.char_end,
from sentences
left join sections on sections.section_id = sentences.section_id
left join documents on documents.document_id = sentences.document_id
