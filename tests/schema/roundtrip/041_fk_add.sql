-- foreign key added
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint);
insert into posts values (1, 1);
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint references users(id) on delete cascade);
