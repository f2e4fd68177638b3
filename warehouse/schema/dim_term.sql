-- dim_term: one row per distinct term (jieba token or quoted slogan) in the warehouse
create table if not exists dim_term (
    term varchar primary key,
    bundled_idf double not null,          -- jieba's bundled IDF: keyword weights while the corpus is one report
    document_count integer not null default 0  -- documents using it, kept up to date by each load
);
