-- dim_unit: one row per unit or measure word an indicator can carry
create table if not exists dim_unit (
    unit varchar primary key,
    unit_family varchar not null          -- count / money / percent / ratio / duration / other
);
