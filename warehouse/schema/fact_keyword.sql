-- fact_keyword: one row per top TF-IDF keyword of a document
create table if not exists fact_keyword (
    document_id varchar not null,
    term varchar not null,
    weight double not null,               -- term frequency x inverse document frequency
    rank integer not null,                -- 1 = strongest
    char_start integer not null,          -- first occurrence in the document
    char_end integer not null
);
