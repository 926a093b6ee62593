-- column privileges on a new column, a new table and a view
-- options: grants
--- a
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x');
create view user_emails as select id, email from users;
--- b
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
do $$ begin create role dd_h1_writer; exception when duplicate_object or unique_violation then null; end $$;
create table users (id bigint primary key, email text, name text);
insert into users values (1, 'a@x');
create view user_emails as select id, email from users;
create table notes (id int primary key, body text, author text);
grant select (name) on users to dd_h1_reader;
grant select (id, body), update (body) on notes to dd_h1_writer;
grant select (email) on user_emails to dd_h1_reader;
