-- drop a column
--- a
create table users (id bigint primary key, email text, legacy text);
insert into users values (1, 'a', 'x');
--- b
create table users (id bigint primary key, email text);
