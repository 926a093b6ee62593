-- several kinds at once
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create index users_email_idx on users (email);
create table legacy (id int);
--- b
create type mood as enum ('happy', 'sad');
create table users (id bigint primary key, email text not null, m mood default 'happy');
create table posts (id int generated always as identity primary key, user_id bigint not null references users(id), body text check (length(body) < 10000));
create index posts_user_idx on posts (user_id);
create view post_counts as select user_id, count(*) from posts group by user_id;
