-- a NOT VALID foreign key
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint);
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create table posts (id int primary key, user_id bigint);
alter table posts add constraint posts_user_id_fkey foreign key (user_id) references users(id) not valid;
