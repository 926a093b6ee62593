-- a materialized view with an index
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create materialized view user_counts as select count(*) as n from users;
create unique index user_counts_n on user_counts (n);
