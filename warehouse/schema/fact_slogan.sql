-- fact_slogan: one row per occurrence of a quoted phrase “…” / 「…」 in a document
create table if not exists fact_slogan (
    document_id varchar not null,
    section_id varchar,
    slogan varchar not null,              -- without the quotation marks
    char_start integer not null,          -- offset of the opening mark
    char_end integer not null,            -- offset after the closing mark
    slogan_kind varchar not null default 'slogan',  -- slogan / single_char / number / quotation / glossary_key
    in_appendix boolean not null default false
);
