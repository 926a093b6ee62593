-- a domain changes base type while a table using it is dropped and a new one uses it
--- a
create domain amount as int;
create table old_orders (id int primary key, total amount);
insert into old_orders values (1, 10);
create table users (id int primary key);
--- b
create domain amount as numeric(12,2);
create table new_orders (id int primary key, total amount);
create table users (id int primary key);
