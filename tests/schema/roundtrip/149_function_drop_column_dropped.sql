-- a column whose default uses a function is dropped with the function
--- a
create function new_code() returns text language sql as $$select md5(random()::text)$$;
create table codes (id int primary key, code text default new_code(), note text);
insert into codes (id, note) values (1, 'a'), (2, 'b');
--- b
create table codes (id int primary key, note text);
insert into codes (id, note) values (1, 'a'), (2, 'b');
