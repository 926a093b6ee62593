-- servers: 15 16 18
-- a stored generated column and an identity column widened to bigint: no USING on the generated column
--- a
create table lines (id int generated always as identity primary key, qty int, doubled int generated always as (qty * 2) stored);
insert into lines (qty) values (1), (2);
--- b
create table lines (id bigint generated always as identity primary key, qty int, doubled bigint generated always as (qty * 2) stored);
insert into lines (qty) values (1), (2);
