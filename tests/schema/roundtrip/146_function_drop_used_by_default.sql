-- a function only a column default uses is dropped with the default
--- a
create function new_code() returns text language sql as $$select md5(random()::text)$$;
create table codes (id int primary key, code text default new_code());
insert into codes (id) values (1), (2);
--- b
create table codes (id int primary key, code text);
insert into codes (id, code) values (1, 'x'), (2, 'y');
