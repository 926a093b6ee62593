-- foreign key action changes
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint constraint posts_user_id_fkey references users(id) on delete cascade);
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint constraint posts_user_id_fkey references users(id) on delete set null on update cascade);
