-- column privileges are granted (with and without grant option, to a role and to PUBLIC)
-- options: grants
--- a
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text, name text, secret text);
insert into users values (1, 'a@x', 'A', 's');
--- b
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text, name text, secret text);
insert into users values (1, 'a@x', 'A', 's');
grant select (id, email), insert (email) on users to dd_h1_reader;
grant update (name) on users to dd_h1_writer with grant option;
grant select (name) on users to public;
