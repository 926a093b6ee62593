-- column privileges are revoked, narrowed and lose their grant option
-- options: grants
--- a
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text, name text);
insert into users values (1, 'a@x', 'A');
grant select (id, email, name) on users to dd_h1_reader;
grant update (name), references (id) on users to dd_h1_writer with grant option;
grant select (email) on users to public;
--- b
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text, name text);
insert into users values (1, 'a@x', 'A');
grant select (id) on users to dd_h1_reader;
grant update (name) on users to dd_h1_writer;
grant insert (email) on users to dd_h1_writer;
