-- dim_section: one row per heading (一、/（一）/1./（1）/①) or lead-sentence point of a document
create table if not exists dim_section (
    -- ids
    section_id varchar not null,          -- document_id-sNNNN, in document order
    document_id varchar not null,
    parent_section_id varchar,
    -- outline
    level integer not null,               -- 1 = outermost style the report uses
    label varchar not null,               -- 一 / （一） / 1. ; empty for a lead sentence
    title varchar not null,
    path varchar not null,                -- titles from level 1 down, joined by ' > '
    ordinal integer not null,
    is_lead_sentence boolean not null,
    -- offsets: 0-based code points, end exclusive, into dim_document.text
    char_start integer not null,
    char_end integer not null,
    -- the same span in the file as decoded (paywall markers and CR kept)
    source_char_start integer not null,
    source_char_end integer not null,
    is_appendix boolean not null default false  -- an appendix header (附件, 名词解释), outside the main outline
);
