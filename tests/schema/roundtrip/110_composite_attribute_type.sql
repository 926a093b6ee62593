-- composite attribute type changes
--- a
create type address as (street text, zip varchar(5));
--- b
create type address as (street text, zip varchar(10));
