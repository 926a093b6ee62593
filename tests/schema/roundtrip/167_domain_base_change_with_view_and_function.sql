-- a domain used by a column, a view over that column and a function argument changes base type
--- a
create domain amount as int check (value >= 0);
create table orders (id int primary key, total amount);
insert into orders values (1, 10), (2, 20);
create view big_orders as select id, total from orders where total > 15;
create function double_it(a amount) returns int language sql immutable as 'select a * 2';
--- b
create domain amount as bigint check (value >= 0);
create table orders (id int primary key, total amount);
insert into orders values (1, 10), (2, 20);
create view big_orders as select id, total from orders where total > 15;
create function double_it(a amount) returns int language sql immutable as 'select (a * 2)::int';
