-- DROP NOT NULL
--- a
create table users (id bigint primary key, email text not null);
insert into users values (1, 'a');
--- b
create table users (id bigint primary key, email text);
