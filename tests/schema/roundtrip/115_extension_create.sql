-- an extension
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create extension vector;
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table emb (id int primary key, v vector(3));
