-- a check uses a function
--- a
create table t (id int primary key, email text);
--- b
create function is_email(t text) returns boolean language sql immutable as $$select t like '%@%'$$;
create table t (id int primary key, email text check (is_email(email)));
