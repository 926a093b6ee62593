-- servers: 15 16 18
-- options: owners
-- owners (--owners): changed on a schema, table (its serial sequence follows), view, materialized view, sequence,
-- function, procedure, aggregates (f(*) and ORDER BY), enum, domain, composite and range types, collation, foreign
-- table and server; objects created by another owner; a view recreated around a column change and a function
-- replaced keep their owner
--- a
do $$ begin create role dd_own_a; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_own_b; exception when duplicate_object or unique_violation then null; end $$;
create schema app authorization dd_own_a;
create table app.items (id serial primary key, code varchar(10));
insert into app.items (code) values ('x');
alter table app.items owner to dd_own_a;
create view app.codes as select code from app.items;
alter view app.codes owner to dd_own_b;
create materialized view app.counts as select count(*) as n from app.items;
create sequence app.tickets;
create function app.twice(int) returns int language sql as 'select $1 * 2';
create function app.label(int) returns int language sql as 'select $1';
alter function app.label(int) owner to dd_own_b;
create procedure app.noop() language sql as 'select 1';
create function app.cnt_sf(bigint) returns bigint language sql as 'select $1 + 1';
create aggregate app.cnt0(*) (sfunc = app.cnt_sf, stype = bigint, initcond = '0');
create aggregate app.my_pct(float8 order by float8) (sfunc = ordered_set_transition, stype = internal,
  finalfunc = percentile_disc_final, finalfunc_extra);
create type app.mood as enum ('ok');
create domain app.code as text;
create type app.pair as (a int, b int);
create type app.span as range (subtype = int4);
create collation app.nocase (provider = libc, locale = 'C');
create foreign data wrapper dd_own_fdw;
grant usage on foreign data wrapper dd_own_fdw to dd_own_a, dd_own_b;
create server dd_own_srv foreign data wrapper dd_own_fdw;
create foreign table app.remote (id int) server dd_own_srv;
--- b
do $$ begin create role dd_own_a; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_own_b; exception when duplicate_object or unique_violation then null; end $$;
create schema app authorization dd_own_b;
create table app.items (id serial primary key, code varchar(20));
insert into app.items (code) values ('x');
alter table app.items owner to dd_own_b;
create view app.codes as select code from app.items;
alter view app.codes owner to dd_own_b;
create materialized view app.counts as select count(*) as n from app.items;
alter materialized view app.counts owner to dd_own_a;
create sequence app.tickets;
alter sequence app.tickets owner to dd_own_a;
create function app.twice(int) returns int language sql as 'select $1 * 2';
alter function app.twice(int) owner to dd_own_a;
create function app.label(int) returns bigint language sql as 'select $1::bigint';
alter function app.label(int) owner to dd_own_b;
create procedure app.noop() language sql as 'select 1';
alter procedure app.noop() owner to dd_own_a;
create function app.cnt_sf(bigint) returns bigint language sql as 'select $1 + 1';
create aggregate app.cnt0(*) (sfunc = app.cnt_sf, stype = bigint, initcond = '0');
alter aggregate app.cnt0(*) owner to dd_own_a;
create aggregate app.my_pct(float8 order by float8) (sfunc = ordered_set_transition, stype = internal,
  finalfunc = percentile_disc_final, finalfunc_extra);
alter aggregate app.my_pct(float8 order by float8) owner to dd_own_b;
create type app.mood as enum ('ok');
alter type app.mood owner to dd_own_a;
create domain app.code as text;
alter domain app.code owner to dd_own_b;
create type app.pair as (a int, b int);
alter type app.pair owner to dd_own_a;
create type app.span as range (subtype = int4);
alter type app.span owner to dd_own_b;
create collation app.nocase (provider = libc, locale = 'C');
alter collation app.nocase owner to dd_own_a;
create foreign data wrapper dd_own_fdw;
grant usage on foreign data wrapper dd_own_fdw to dd_own_a, dd_own_b;
create server dd_own_srv foreign data wrapper dd_own_fdw;
alter server dd_own_srv owner to dd_own_a;
create foreign table app.remote (id int) server dd_own_srv;
alter foreign table app.remote owner to dd_own_b;
create table app.fresh (id int);
alter table app.fresh owner to dd_own_a;
create type app.fresh_mood as enum ('new');
alter type app.fresh_mood owner to dd_own_b;
