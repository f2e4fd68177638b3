-- v_sections: one row per heading or lead-sentence point of a document
with

sections as (
    select * from dim_section
)

select
    document_id,
    section_id,
    parent_section_id,
    level,
    label,
    title,
    path,
    ordinal,
    is_lead_sentence,
    is_appendix,
    char_start,
    char_end,
    source_char_start,
    source_char_end,
from sections
