-- a table column of a composite type
--- a
create type address as (street text);
--- b
create type address as (street text);
create table places (id int primary key, addr address);
