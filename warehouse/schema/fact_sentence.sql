-- fact_sentence: one row per sentence (ending in 。！？ or a line end) of a document
create table if not exists fact_sentence (
    sentence_id varchar not null,
    document_id varchar not null,
    section_id varchar,                   -- null before the first heading
    ordinal integer not null,
    text varchar not null,
    char_start integer not null,
    char_end integer not null,
    in_appendix boolean not null default false
);
