-- v_documents: one row per loaded report file
with

documents as (
    select * from dim_document
),

sections as (
    select document_id, count(*) as section_count
    from dim_section
    group by document_id
),

versions as (
    -- a file name seen again with new bytes is a new version of that document
    select
        document_id,
        row_number() over (partition by file_name order by ingested_at, document_id) as version,
        row_number() over (partition by file_name order by ingested_at desc, document_id desc) = 1 as is_current,
    from dim_document
),

-- corrections a user listed in the inbox's metadata.csv, by file name
overrides as (
    select * from dim_metadata_override
),

indicators as (
    select document_id, count(*) as indicator_count
    from fact_indicator
    group by document_id
),

joined as (
    select
        -- ids
        documents.document_id,
        documents.file_name,
        documents.sha256,
        -- metadata: as read from the text, unless metadata.csv says otherwise
        documents.title,
        coalesce(overrides.issuer, documents.issuer) as issuer,
        coalesce(overrides.place, documents.place) as place,
        coalesce(overrides.admin_level, documents.admin_level) as admin_level,
        coalesce(overrides.org_type, documents.org_type) as org_type,
        coalesce(overrides.report_year, documents.report_year) as report_year,
        coalesce(overrides.delivered_year, documents.delivered_year) as delivered_year,
        coalesce(overrides.report_type, documents.report_type) as report_type,
        case
            when overrides.file_name is null then documents.metadata_source
            else json_merge_patch(coalesce(documents.metadata_source, '{}'), overrides.metadata_source)
        end as metadata_source,
        -- source
        documents.source_format,
        documents.encoding,
        documents.byte_count,
        -- numerics
        documents.char_count,
        coalesce(sections.section_count, 0) as section_count,
        coalesce(indicators.indicator_count, 0) as indicator_count,
        -- versions
        versions.version,
        versions.is_current,
        -- booleans
        documents.has_paid_segment,
        documents.paid_char_start,
        documents.repeat_char_start,
        documents.is_anonymised,
        -- timestamps
        documents.ingested_at,
        documents.run_id,
    from documents
    left join sections on sections.document_id = documents.document_id
    left join indicators on indicators.document_id = documents.document_id
    left join versions on versions.document_id = documents.document_id
    left join overrides on overrides.file_name = documents.file_name
)

select * from joined
