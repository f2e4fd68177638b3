-- dim_document: one row per distinct file loaded, identified by the sha256 of its bytes
create table if not exists dim_document (
    -- ids
    document_id varchar primary key,      -- first 16 hex digits of sha256
    sha256 varchar not null unique,
    run_id varchar not null,              -- the ingest run that loaded it
    -- source
    file_name varchar not null,
    source_format varchar not null,       -- txt, md, docx, html, pdf
    encoding varchar,                     -- utf-8, utf-8-sig, utf-16, gb18030; null for docx and pdf
    byte_count bigint not null,
    -- what the report says about itself
    title varchar,
    issuer varchar,
    admin_level varchar,                  -- 中央 / 省 / 市 / 区 / 县 / 乡镇 / 新区
    org_type varchar,                     -- 党委 / 政府 / 纪委 / 人大 / 政协 / 管委会 / 部门
    report_year integer,                  -- the year the report is about
    report_type varchar not null,
    place varchar,                        -- the most specific place: 罗湖区, 深圳市, 陕西省, 全国
    delivered_year integer,               -- the year it was delivered or dated
    metadata_source varchar,              -- JSON: field -> title / opening / meeting_line / signature / page / file_name …
    -- text
    is_anonymised boolean not null,       -- names replaced by XX in the source
    has_paid_segment boolean not null,    -- ##paidbegin## marker found and removed
    paid_char_start integer,              -- where the paid segment starts in text
    repeat_char_start integer,            -- where a second copy of the whole report starts in text; its rows are not loaded
    char_count integer not null,
    term_count integer,                   -- occurrences of all its terms (fact_term): v_keywords' term frequencies divide by it
    text varchar not null,                -- the normalised text all offsets point into
    -- timestamps
    ingested_at timestamp not null
);
