//! The connector's requests over [`scim_client::Client`].

use scim_client::transport::Transport;
use scim_client::{Client, Error, ListQuery};
use scim_core::PatchOp;
use serde_json::Value;

use super::api::{Api, ApiError, Kind};

/// Explains a SCIM error the target is known to answer.
pub(crate) type Explain = Box<dyn Fn(&scim_core::ScimError) -> Option<String> + Send + Sync>;

/// A client with the profile's listing parameters and known errors.
pub(crate) struct ClientApi<T> {
    pub(crate) client: Client<T>,
    pub(crate) page_size: Option<u64>,
    pub(crate) list_params: Vec<(String, String)>,
    pub(crate) explain: Option<Explain>,
}

impl<T> ClientApi<T> {
    fn endpoint(kind: Kind) -> &'static str {
        match kind {
            Kind::User => "Users",
            Kind::Group => "Groups",
        }
    }

    fn query(&self) -> ListQuery {
        let mut query = ListQuery::new();
        if let Some(size) = self.page_size {
            query = query.count(size);
        }
        for (name, value) in &self.list_params {
            query = query.param(name.clone(), value.clone());
        }
        query
    }

    /// The error as the connector reports it, with the profile's
    /// explanation when it is a known one.
    fn error(&self, error: &Error) -> ApiError {
        let mut message = error.to_string();
        if let (Some(explain), Some(scim)) = (&self.explain, error.scim_error()) {
            if let Some(why) = explain(scim) {
                message = format!("{message} ({why})");
            }
        }
        ApiError {
            status: error.status().map(|s| s.as_u16()),
            message,
        }
    }
}

#[async_trait::async_trait]
impl<T: Transport + 'static> Api for ClientApi<T> {
    async fn create(&self, kind: Kind, body: Value) -> Result<Value, ApiError> {
        self.client
            .resources::<Value>(Self::endpoint(kind))
            .create(&body)
            .await
            .map(scim_client::Versioned::into_inner)
            .map_err(|e| self.error(&e))
    }

    async fn replace(&self, kind: Kind, id: &str, body: Value) -> Result<(), ApiError> {
        self.client
            .resources::<Value>(Self::endpoint(kind))
            .replace(id, &body)
            .await
            .map(|_| ())
            .map_err(|e| self.error(&e))
    }

    async fn patch(&self, kind: Kind, id: &str, body: PatchOp) -> Result<(), ApiError> {
        self.client
            .resources::<Value>(Self::endpoint(kind))
            .patch(id, &body)
            .await
            .map(|_| ())
            .map_err(|e| self.error(&e))
    }

    async fn delete(&self, kind: Kind, id: &str) -> Result<(), ApiError> {
        self.client
            .resources::<Value>(Self::endpoint(kind))
            .delete(id)
            .await
            .map_err(|e| self.error(&e))
    }

    async fn list_all(&self, kind: Kind) -> Result<Vec<Value>, ApiError> {
        self.client
            .resources::<Value>(Self::endpoint(kind))
            .pages(self.query())
            .try_collect()
            .await
            .map_err(|e| self.error(&e))
    }

    async fn discovery(&self) -> Result<(), ApiError> {
        self.client
            .service_provider_config()
            .await
            .map(|_| ())
            .map_err(|e| self.error(&e))
    }

    async fn list_one(&self) -> Result<(), ApiError> {
        self.client
            .resources::<Value>("Users")
            .list(&ListQuery::new().count(1))
            .await
            .map(|_| ())
            .map_err(|e| self.error(&e))
    }

    async fn find_user(&self, user_name: &str) -> Result<Option<Value>, ApiError> {
        // The builder escapes the value: it cannot change the filter.
        let filter = scim_core::filter::attr("userName")
            .eq(user_name)
            .build()
            .map_err(|e| ApiError {
                status: None,
                message: e.to_string(),
            })?;
        let query = self.query().filter(filter).count(1);
        let page = self
            .client
            .resources::<Value>("Users")
            .list(&query)
            .await
            .map_err(|e| self.error(&e))?;
        Ok(page.resources.into_iter().next())
    }
}
