-- a generated column is dropped and added again: its column privileges come back, and a rebuilt view keeps its own
-- options: grants
--- a
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table nums (id int primary key, a int, b int generated always as (a * 2) stored);
insert into nums (id, a) values (1, 1);
create view v as select id, b from nums;
grant select (b) on nums to dd_h1_reader;
grant select (id) on v to dd_h1_reader;
--- b
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table nums (id int primary key, a int, b int generated always as (a * 3) stored);
insert into nums (id, a) values (1, 1);
create view v as select id, b from nums;
grant select (b) on nums to dd_h1_reader;
grant select (id) on v to dd_h1_reader;
