-- fact_citation: one row per occurrence of a cited document title 《…》 in a document
create table if not exists fact_citation (
    document_id varchar not null,
    section_id varchar,
    cited_title varchar not null,         -- without 《》
    char_start integer not null,
    char_end integer not null,
    citation_kind varchar not null default 'document',  -- document / self (the report itself) / media
    in_appendix boolean not null default false
);
