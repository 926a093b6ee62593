-- an enum and a column using it
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create type mood as enum ('happy', 'sad');
create table users (id bigint primary key, email text, m mood);
