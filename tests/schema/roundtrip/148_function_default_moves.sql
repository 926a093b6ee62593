-- a column default moves from a dropped function to a new one
--- a
create function old_code() returns text language sql as $$select 'old-' || md5(random()::text)$$;
create table codes (id int primary key, code text not null default old_code());
insert into codes (id) values (1), (2);
--- b
create function new_code() returns text language sql as $$select 'new-' || md5(random()::text)$$;
create table codes (id int primary key, code text not null default new_code());
insert into codes (id) values (1), (2);
