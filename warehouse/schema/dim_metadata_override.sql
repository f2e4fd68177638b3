-- dim_metadata_override: one row per file name listed in the inbox's metadata.csv, replaced as the file changes
create table if not exists dim_metadata_override (
    file_name varchar primary key,        -- the file name as dropped into the inbox; every version of it
    issuer varchar,
    place varchar,
    report_year integer,
    delivered_year integer,
    report_type varchar,
    admin_level varchar,                  -- from the place or issuer given
    org_type varchar,                     -- from the issuer given
    metadata_source varchar,              -- JSON: each field given -> "manifest"
    read_at timestamp not null            -- when metadata.csv was read
);
