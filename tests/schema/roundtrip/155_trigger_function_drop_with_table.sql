-- a table with a trigger is dropped together with its trigger function
--- a
create function touch() returns trigger language plpgsql as $$begin new.at = now(); return new; end$$;
create table log (id int primary key, at timestamptz);
create trigger log_touch before insert on log for each row execute function touch();
create table users (id bigint primary key);
insert into users values (1);
--- b
create table users (id bigint primary key);
insert into users values (1);
