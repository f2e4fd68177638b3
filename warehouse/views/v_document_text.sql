-- v_document_text: one row per document, its normalised text; every char_start/char_end points into it
with

documents as (
    select * from dim_document
)

select
    document_id,
    text,
    length(text) as char_count,
from documents
