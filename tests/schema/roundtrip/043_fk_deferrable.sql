-- foreign key becomes deferrable
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint constraint posts_user_id_fkey references users(id));
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint constraint posts_user_id_fkey references users(id) deferrable initially deferred);
