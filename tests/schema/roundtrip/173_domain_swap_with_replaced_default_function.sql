-- a domain changes base type while the function its default calls is dropped and created again
--- a
create function def_code() returns varchar language sql as $$select 'none'$$;
create domain code as varchar(10) default def_code();
create table items (id int primary key, code code);
insert into items (id) values (1);
--- b
create function def_code() returns text language sql as $$select 'none'$$;
create domain code as text default def_code();
create table items (id int primary key, code code);
insert into items (id) values (1);
