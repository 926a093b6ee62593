-- servers: 15 16 18
-- a table becomes a view of the same name; a view on it is dropped and created again around it
--- a
create table accounts (id int primary key, name text);
create table accounts_v2 (id int primary key, name text, active bool default true);
create table report (n int);
insert into accounts values (1, 'a');
create view account_names as select name from accounts;
--- b
create table accounts_v2 (id int primary key, name text, active bool default true);
create table report (n int);
create view accounts as select id, name from accounts_v2 where active;
create view account_names as select name from accounts;
