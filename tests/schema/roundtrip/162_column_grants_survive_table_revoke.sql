-- a table-level REVOKE also takes column privileges, which are granted again
-- options: grants
--- a
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text, name text);
insert into users values (1, 'a@x', 'A');
grant select, update on users to dd_h1_reader with grant option;
grant select (email), update (name) on users to dd_h1_reader with grant option;
--- b
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text, name text);
insert into users values (1, 'a@x', 'A');
grant update on users to dd_h1_reader;
grant select (email), update (name) on users to dd_h1_reader with grant option;
