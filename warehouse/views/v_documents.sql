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
        -- metadata
        documents.title,
        documents.issuer,
        documents.admin_level,
        documents.org_type,
        documents.report_year,
        documents.report_type,
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
)

select * from joined
