-- fact_term: one row per term (jieba token) per section of a document, with its first occurrence
create table if not exists fact_term (
    document_id varchar not null,
    section_id varchar,                   -- null for text before the first heading
    term varchar not null,
    pos varchar not null,                 -- jieba part of speech; x when unknown
    occurrences integer not null,
    char_start integer not null,          -- first occurrence in the section
    char_end integer not null
);
