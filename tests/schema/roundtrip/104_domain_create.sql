-- a domain and a column
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create domain email_address as text check (value like '%@%');
create table users (id bigint primary key, email email_address);
